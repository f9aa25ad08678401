# A stand-in for a PostgreSQL module, built on terraform_data so it applies without a cloud.
variable "identifier" {
  type = string
}

variable "region" {
  type = string
}

resource "terraform_data" "database" {
  input = {
    host = "${substr(var.identifier, 0, 30)}.${var.region}.rds.example.internal"
    name = "hello"
  }
}

output "host" {
  value = terraform_data.database.output.host
}

output "port" {
  value = 5432
}

output "name" {
  value = terraform_data.database.output.name
}

output "database" {
  value = terraform_data.database.output.name
}

output "username" {
  value     = "hello"
  sensitive = true
}

output "password" {
  value     = "example-only-${terraform_data.database.id}"
  sensitive = true
}
