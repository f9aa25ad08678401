variable "name" {
  description = "Repository name, such as `acme/shop`."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$", var.name)) && length(var.name) <= 256
    error_message = "The name must be lower-case path components of letters and digits separated by `.`, `_` or `-`."
  }
}

variable "kms_key_arn" {
  description = "KMS key encrypting images; the AWS managed key when null."
  type        = string
  default     = null
}

variable "untagged_image_days" {
  description = "Days after which untagged images (layers of superseded builds) expire."
  type        = number
  default     = 14

  validation {
    condition     = var.untagged_image_days >= 1
    error_message = "Keep untagged images at least one day."
  }
}

variable "pull_principal_arns" {
  description = "IAM principals (such as the EKS node roles of other accounts) allowed to pull; the repository's own account needs no entry."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
