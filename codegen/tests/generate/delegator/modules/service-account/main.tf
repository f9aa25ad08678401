# A stand-in for a Kubernetes service account module.
variable "name" {
  type = string
}

variable "role_arn" {
  type = string
}

resource "terraform_data" "sa" {
  input = {
    name     = var.name
    role_arn = var.role_arn
  }
}

output "name" {
  value = terraform_data.sa.output.name
}
