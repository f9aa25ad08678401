variable "name" {
  description = "Policy name, such as `shop-production-orders-consume`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,128}$", var.name))
    error_message = "The policy name must be 1 to 128 letters, digits and `+=,.@_-`."
  }
}

variable "queue_arn" {
  description = "The queue the policy grants access to (the `arn` output of `aws/sqs`)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[a-zA-Z0-9_.-]+$", var.queue_arn))
    error_message = "The queue ARN must look like arn:aws:sqs:eu-west-1:123456789012:my-queue."
  }
}

variable "access" {
  description = "`consume` (receive, delete, change visibility), `produce` (send) or `produce-consume`."
  type        = string
  default     = "produce-consume"

  validation {
    condition     = contains(["consume", "produce", "produce-consume"], var.access)
    error_message = "Access is consume, produce or produce-consume."
  }
}

variable "kms_key_arn" {
  description = "The customer managed key encrypting the queue, which senders and receivers need; null for the AWS managed key (which needs no grant)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to the policy."
  type        = map(string)
  default     = {}
}
