output "host" {
  description = "The cluster's writer endpoint."
  value       = aws_rds_cluster.this.endpoint
}

output "port" {
  description = "The port MySQL listens on."
  value       = aws_rds_cluster.this.port
}

output "name" {
  description = "The name of the database."
  value       = aws_rds_cluster.this.database_name
}

output "database" {
  description = "The name of the database (score-compose's alias of `name`)."
  value       = aws_rds_cluster.this.database_name
}

output "username" {
  description = "The master user name."
  value       = aws_rds_cluster.this.master_username
  sensitive   = true
}

output "password" {
  description = "The master user's generated password."
  value       = aws_rds_cluster.this.master_password
  sensitive   = true
}

output "security_group_id" {
  description = "The cluster's security group, for adding rules outside this module."
  value       = aws_security_group.this.id
}
