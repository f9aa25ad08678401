locals {
  port = 6379
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_security_group" "this" {
  name        = "${var.name}-cache"
  description = "Redis ${var.name}: connections from the allowed security groups only"
  vpc_id      = var.vpc_id
  tags        = var.tags

  ingress {
    description     = "Redis from the allowed security groups"
    from_port       = local.port
    to_port         = local.port
    protocol        = "tcp"
    security_groups = var.allowed_security_group_ids
  }
  # No egress block: Terraform removes AWS's default allow-all egress rule.
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id          = var.name
  replication_group_description = "Redis for ${var.name}"
  engine                        = "redis"
  engine_version                = var.engine_version
  node_type                     = var.node_type
  port                          = local.port
  number_cache_clusters         = var.multi_az ? 2 : 1
  automatic_failover_enabled    = var.multi_az
  multi_az_enabled              = var.multi_az
  subnet_group_name             = aws_elasticache_subnet_group.this.name
  security_group_ids            = [aws_security_group.this.id]
  at_rest_encryption_enabled    = true
  kms_key_id                    = var.kms_key_arn
  transit_encryption_enabled    = true
  auth_token                    = uuid()
  auto_minor_version_upgrade    = true
  snapshot_retention_limit      = var.snapshot_retention_days
  tags                          = var.tags

  lifecycle {
    # The AUTH token is generated once, at creation (uuid(): 122 random bits, 36 characters
    # of the allowed alphabet); later plans keep the stored one.
    ignore_changes = [auth_token]
  }
}
