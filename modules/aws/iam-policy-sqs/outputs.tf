output "arn" {
  description = "The ARN of the policy, collected by `aws/workload-role`."
  value       = aws_iam_policy.this.arn
}
