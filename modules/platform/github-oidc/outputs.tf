output "role_arn" {
  description = "The role for `aws-actions/configure-aws-credentials` (`role-to-assume`)."
  value       = aws_iam_role.this.arn
}

output "provider_arn" {
  description = "The GitHub Actions OIDC provider, created here or passed in."
  value       = local.provider_arn
}

output "subjects" {
  description = "The `sub` claims the role trusts."
  value       = local.subjects
}
