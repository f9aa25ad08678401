output "values" {
  description = "`var.values`, known after apply."
  value       = terraform_data.this.output.values
}

output "secrets" {
  description = "`var.secrets`, known after apply."
  value       = terraform_data.this.output.secrets
  sensitive   = true
}
