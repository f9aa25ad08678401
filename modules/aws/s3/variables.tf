variable "name" {
  description = "Bucket name, such as `shop-production-uploads`: 3 to 63 lower-case letters, digits, `.` and `-`, starting and ending with a letter or digit. Bucket names are global: include the account or environment."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.name)) && !can(regex("\\.\\.", var.name))
    error_message = "The bucket name must be 3 to 63 lower-case letters, digits, `.` and `-`, start and end with a letter or digit, and hold no `..`."
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete a bucket that still holds objects (development environments only)."
  type        = bool
  default     = false
}

variable "noncurrent_version_days" {
  description = "Days an overwritten or deleted object version is kept before it expires."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_days >= 1
    error_message = "Keep noncurrent versions at least one day."
  }
}

variable "kms_key_arn" {
  description = "KMS key for server-side encryption; the AWS managed key `aws/s3` when null."
  type        = string
  default     = null
}

variable "access_log_bucket" {
  description = "Bucket receiving server access logs, under the prefix `<name>/`; no access logging when null."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
