output "host" {
  description = "The primary endpoint (TLS)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "port" {
  description = "The port Redis listens on (TLS only)."
  value       = aws_elasticache_replication_group.this.port
}

output "username" {
  description = "The user for Redis AUTH: `default`."
  value       = "default"
  sensitive   = true
}

output "password" {
  description = "The generated AUTH token."
  value       = aws_elasticache_replication_group.this.auth_token
  sensitive   = true
}

output "security_group_id" {
  description = "The replication group's security group, for adding rules outside this module."
  value       = aws_security_group.this.id
}
