# PostgreSQL from a module in git for development environments. Definition placeholders are
# written `$${...}` so Terraform leaves them for the deployment to resolve.
resource "score_resource_definition" "postgres_dev" {
  id          = "postgres-dev"
  type        = "postgres"
  driver_type = "humanitec/terraform"

  driver_inputs {
    values = {
      source = {
        url  = "https://github.com/example-org/terraform-modules.git"
        path = "postgres"
        rev  = "refs/tags/v1.4.0"
      }
      variables = {
        identifier = "$${context.app.id}-$${context.env.id}"
        size       = "small"
      }
    }
    secrets = {
      variables = {
        admin_password = var.admin_password
      }
    }
  }

  criteria = [
    { env_type = "development" },
  ]
}

variable "admin_password" {
  type      = string
  sensitive = true
}

# The canonical definition document, for score2hcl and score_resource_match.
output "postgres_dev_document" {
  value     = score_resource_definition.postgres_dev.document
  sensitive = true
}
