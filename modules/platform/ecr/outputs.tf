output "repository_url" {
  description = "Where to push and pull images: `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`."
  value       = aws_ecr_repository.this.repository_url
}

output "arn" {
  description = "The ARN of the repository, for the pipeline's push policy."
  value       = aws_ecr_repository.this.arn
}

output "name" {
  description = "The name of the repository."
  value       = aws_ecr_repository.this.name
}
