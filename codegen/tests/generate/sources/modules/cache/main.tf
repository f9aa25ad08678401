variable "name" {
  type = string
}

variable "auth_token" {
  type      = string
  sensitive = true
}

output "host" {
  value = "${var.name}.cache.internal"
}

output "port" {
  value = 6379
}
