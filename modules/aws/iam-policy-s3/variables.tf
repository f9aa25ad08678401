variable "name" {
  description = "Policy name, such as `shop-production-uploads-read-write`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,128}$", var.name))
    error_message = "The policy name must be 1 to 128 letters, digits and `+=,.@_-`."
  }
}

variable "bucket_arn" {
  description = "The bucket the policy grants access to (the `arn` output of `aws/s3`)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9.-]+$", var.bucket_arn))
    error_message = "The bucket ARN must look like arn:aws:s3:::my-bucket."
  }
}

variable "access" {
  description = "`read-only` (list and get) or `read-write` (also put and delete objects)."
  type        = string
  default     = "read-write"

  validation {
    condition     = contains(["read-only", "read-write"], var.access)
    error_message = "Access is read-only or read-write."
  }
}

variable "tags" {
  description = "Tags added to the policy."
  type        = map(string)
  default     = {}
}
