variable "region" {
  description = "The region of the ECR repository and the pipeline role (IAM itself is global)."
  type        = string
  default     = "eu-west-1"
}

variable "app_repository" {
  description = "The app team's GitHub repository, as `owner/name`: the only one whose workflows may assume the deploy role."
  type        = string
  default     = "acme/shop"
}

variable "production_environments" {
  description = "The protected GitHub environments (with required reviewers) whose jobs may deploy."
  type        = list(string)
  default     = ["development", "production-eu", "production-us"]
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub Actions OIDC provider (false when another stack already did)."
  type        = bool
  default     = true
}

variable "github_oidc_provider_arn" {
  description = "The existing GitHub Actions OIDC provider when `create_github_oidc_provider` is false."
  type        = string
  default     = null
}
