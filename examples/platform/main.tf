# The platform team's infrastructure repository: what app teams deploy with.
#
# - The resource definitions in definitions/ (read by score2hcl in app pipelines) are also
#   managed here as score_resource_definition resources: `terraform plan` checks every one of
#   them (placeholders, driver inputs, duplicate criteria), and tests/*.tftest.hcl assert which
#   definition each environment gets.
# - The app's container registry and the role its GitHub Actions assume through OIDC.

provider "aws" {
  region = var.region
}

locals {
  # Every document of every definition file; yamldecode reads one document at a time.
  definition_documents = flatten([
    for f in fileset("${path.module}/definitions", "*.yaml") : [
      for doc in split("\n---\n", file("${path.module}/definitions/${f}")) : yamldecode(doc)
    ]
  ])
  definitions = { for d in local.definition_documents : d.metadata.id => d.entity }
}

resource "score_resource_definition" "this" {
  for_each = local.definitions

  id          = each.key
  name        = each.value.name
  type        = each.value.type
  driver_type = each.value.driver_type

  driver_inputs {
    values = each.value.driver_inputs.values
  }

  criteria = [
    for c in each.value.criteria : {
      app_id   = try(c.app_id, null)
      env_id   = try(c.env_id, null)
      env_type = try(c.env_type, null)
      class    = try(c.class, null)
      res_id   = try(c.res_id, null)
    }
  ]

  provision = [
    for resource, p in try(each.value.provision, {}) : {
      resource         = resource
      match_dependents = try(p.match_dependents, null)
      is_dependent     = try(p.is_dependent, null)
      params           = null
    }
  ]
}

module "ecr" {
  source = "../../modules/platform/ecr"
  name   = var.app_repository
}

# What the deploy role may do: push images to the app's repository. Applying the app's
# Terraform needs more (its resources, its state); attach those policies here too.
data "aws_iam_policy_document" "push" {
  statement {
    sid       = "Login"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "Push"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:DescribeImages",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = [module.ecr.arn]
  }
}

resource "aws_iam_policy" "push" {
  name        = "${replace(var.app_repository, "/", "-")}-ecr-push"
  description = "Push images to ${var.app_repository}'s ECR repository"
  policy      = data.aws_iam_policy_document.push.json
}

module "github_oidc" {
  source          = "../../modules/platform/github-oidc"
  create_provider = var.create_github_oidc_provider
  provider_arn    = var.github_oidc_provider_arn
  role_name       = "${replace(var.app_repository, "/", "-")}-deploy"
  repository      = var.app_repository
  branch          = "main"
  environments    = var.production_environments
  policy_arns     = [aws_iam_policy.push.arn]
}
