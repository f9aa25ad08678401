variable "workload" {
  description = "The `score_workload` resource (generated code passes `score_workload.<name>`): its `name`, `manifests`, `secret_manifest` and `secret_name` are used."
  type = object({
    name            = string
    manifests       = list(string)
    secret_manifest = string
    secret_name     = string
  })
}

variable "namespace" {
  description = "The namespace every object goes into; it must exist (the platform creates one per application and environment)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "The namespace must be a DNS label."
  }
}

variable "service_account" {
  description = "The service account created for the workload and set as its pods' `serviceAccountName`; the workload name when null. `aws/workload-role` must trust the same name."
  type        = string
  default     = null

  validation {
    condition     = var.service_account == null || can(regex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$", var.service_account))
    error_message = "The service account name must be a DNS subdomain."
  }
}

variable "role_arn" {
  description = "The IAM role the service account assumes (IAM roles for service accounts: the `eks.amazonaws.com/role-arn` annotation); none when null."
  type        = string
  default     = null
}
