variable "name" {
  description = "Role name, such as `shop-production-web`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,64}$", var.name))
    error_message = "The role name must be 1 to 64 letters, digits and `+=,.@_-`."
  }
}

variable "oidc_provider_arn" {
  description = "The IAM OIDC provider of the EKS cluster (IAM roles for service accounts)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+$", var.oidc_provider_arn))
    error_message = "The OIDC provider ARN must look like arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC."
  }
}

variable "oidc_issuer" {
  description = "The cluster's OIDC issuer without `https://`, such as `oidc.eks.eu-west-1.amazonaws.com/id/ABC`."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9.-]+(/[A-Za-z0-9._-]+)*$", var.oidc_issuer))
    error_message = "The issuer is a host and path without a scheme."
  }
}

variable "namespace" {
  description = "The Kubernetes namespace of the service account."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "The namespace must be a DNS label."
  }
}

variable "service_account" {
  description = "The Kubernetes service account that may assume the role (the workload's, created by `kubernetes/workload`)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$", var.service_account))
    error_message = "The service account name must be a DNS subdomain."
  }
}

variable "policy_arns" {
  description = "Policies attached to the role: what `$${resources.workload>aws-policy.outputs.arn}` collects from the workload's resources. The list's length must be known at plan (it is, in generated code)."
  type        = list(string)
  default     = []
}

variable "max_session_duration" {
  description = "Longest session, in seconds (3600 to 43200)."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "The maximum session duration is 3600 to 43200 seconds."
  }
}

variable "tags" {
  description = "Tags added to the role."
  type        = map(string)
  default     = {}
}
