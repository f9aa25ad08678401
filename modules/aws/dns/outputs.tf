output "host" {
  description = "The fully qualified host name (known at plan, so manifests using it are too)."
  value       = aws_route53_record.this.name
}
