variable "workload" {
  description = "The `score_workload` resource, typed as `kubernetes/workload` types it: this module is its stand-in where no cluster is reachable."
  type = object({
    name            = string
    manifests       = list(string)
    secret_manifest = string
    secret_name     = string
  })
}

variable "namespace" {
  description = "The namespace `kubernetes/workload` would apply to."
  type        = string
}

variable "service_account" {
  description = "The service account `kubernetes/workload` would create; the workload name when null."
  type        = string
  default     = null
}

variable "role_arn" {
  description = "The IAM role `kubernetes/workload` would annotate the service account with."
  type        = string
  default     = null
}
