output "arn" {
  description = "The ARN of the role, for the service account's `eks.amazonaws.com/role-arn` annotation."
  value       = aws_iam_role.this.arn
}

output "name" {
  description = "The name of the role."
  value       = aws_iam_role.this.name
}

output "service_account" {
  description = "The service account the role trusts, for `kubernetes/workload`'s `service_account`."
  value       = var.service_account
}
