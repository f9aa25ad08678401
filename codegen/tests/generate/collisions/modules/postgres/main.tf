# A stand-in for a PostgreSQL module: terraform_data only, so it applies offline.
variable "name" {
  type = string
}

variable "region" {
  type = string
}

variable "res_id" {
  type = string
}

resource "terraform_data" "db" {
  input = {
    host = "${var.name}.${var.region}.db.internal"
    name = replace(var.res_id, ".", "_")
  }
}

output "host" {
  value = terraform_data.db.output.host
}

output "port" {
  value = 5432
}

output "name" {
  value = terraform_data.db.output.name
}

output "username" {
  value     = "app"
  sensitive = true
}

output "password" {
  value     = "example-${terraform_data.db.id}"
  sensitive = true
}
