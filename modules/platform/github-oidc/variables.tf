variable "create_provider" {
  description = "Create the account's IAM OIDC provider for GitHub Actions. An account holds one per issuer: set false and pass `provider_arn` for every repository after the first."
  type        = bool
  default     = true
}

variable "provider_arn" {
  description = "An existing GitHub Actions OIDC provider, used when `create_provider` is false."
  type        = string
  default     = null

  validation {
    condition     = var.provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.provider_arn))
    error_message = "The provider ARN must look like arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com."
  }
}

variable "thumbprints" {
  description = "Certificate thumbprints of token.actions.githubusercontent.com (hashicorp/aws 3.x requires them; AWS no longer checks them for GitHub)."
  type        = list(string)
  default     = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]
}

variable "role_name" {
  description = "Name of the role GitHub Actions assumes, such as `shop-deploy`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "The role name must be 1 to 64 letters, digits and `+=,.@_-`."
  }
}

variable "repository" {
  description = "The one repository trusted, as `owner/name`."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.repository))
    error_message = "The repository must be owner/name."
  }
}

variable "branch" {
  description = "The branch whose workflow runs may assume the role (jobs without a GitHub environment)."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.branch)) && !can(regex("[*?]", var.branch))
    error_message = "The branch must be a plain branch name, without wildcards."
  }
}

variable "environments" {
  description = "GitHub environments whose jobs may assume the role (a job with an environment presents it instead of the branch); protect them with required reviewers."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.environments : can(regex("^[A-Za-z0-9._-]+$", e))])
    error_message = "Environment names hold letters, digits, `.`, `_` and `-` only."
  }
}

variable "policy_arns" {
  description = "Policies attached to the role: what the pipeline may do (push to ECR, apply Terraform)."
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
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
