variable "name" {
  description = "Queue name, such as `shop-production-orders`: letters, digits, `-` and `_`, at most 76 characters (the dead-letter queue adds `-dlq`)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,76}$", var.name))
    error_message = "The queue name must be 1 to 76 letters, digits, `-` and `_`."
  }
}

variable "visibility_timeout_seconds" {
  description = "Seconds a received message stays invisible to other consumers (0 to 43200)."
  type        = number
  default     = 30

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200
    error_message = "The visibility timeout is 0 to 43200 seconds."
  }
}

variable "message_retention_seconds" {
  description = "Seconds a message is kept (60 to 1209600); the dead-letter queue keeps messages the maximum, 14 days."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "Retention is 60 to 1209600 seconds."
  }
}

variable "max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "The maximum receive count is 1 to 1000."
  }
}

variable "kms_key_arn" {
  description = "KMS key encrypting messages; the AWS managed key `alias/aws/sqs` when null."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
