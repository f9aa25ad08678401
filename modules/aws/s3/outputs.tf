output "bucket" {
  description = "The name of the bucket."
  value       = aws_s3_bucket.this.id
}

output "region" {
  description = "The region of the bucket."
  value       = aws_s3_bucket.this.region
}

output "arn" {
  description = "The ARN of the bucket, for `aws/iam-policy-s3`."
  value       = aws_s3_bucket.this.arn
}
