output "arn" {
  description = "The ARN of the queue, for `aws/iam-policy-sqs`."
  value       = aws_sqs_queue.this.arn
}

output "url" {
  description = "The URL of the queue."
  value       = aws_sqs_queue.this.id
}

output "region" {
  description = "The region of the queue (from its ARN)."
  value       = split(":", aws_sqs_queue.this.arn)[3]
}

output "dead_letter_arn" {
  description = "The ARN of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}
