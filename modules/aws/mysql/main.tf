locals {
  port   = 3306
  family = "aurora-mysql${regex("^[0-9]+\\.[0-9]+", var.engine_version)}"
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-db"
  description = "MySQL ${var.name}: connections from the allowed security groups only"
  vpc_id      = var.vpc_id
  tags        = var.tags

  ingress {
    description     = "MySQL from the allowed security groups"
    from_port       = local.port
    to_port         = local.port
    protocol        = "tcp"
    security_groups = var.allowed_security_group_ids
  }
  # No egress block: Terraform removes AWS's default allow-all egress rule; the database
  # opens no connections of its own.
}

resource "aws_rds_cluster_parameter_group" "this" {
  name        = var.name
  family      = local.family
  description = "TLS only for ${var.name}"
  tags        = var.tags

  parameter {
    name  = "require_secure_transport"
    value = "ON"
  }
}

resource "aws_rds_cluster" "this" {
  cluster_identifier                  = var.name
  engine                              = "aurora-mysql"
  engine_version                      = var.engine_version
  database_name                       = var.database_name
  master_username                     = var.username
  master_password                     = uuid()
  port                                = local.port
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = [aws_security_group.this.id]
  db_cluster_parameter_group_name     = aws_rds_cluster_parameter_group.this.name
  storage_encrypted                   = true
  kms_key_id                          = var.kms_key_arn
  iam_database_authentication_enabled = true
  backup_retention_period             = var.backup_retention_days
  backtrack_window                    = var.backtrack_hours * 3600
  copy_tags_to_snapshot               = true
  deletion_protection                 = var.deletion_protection
  skip_final_snapshot                 = !var.deletion_protection
  final_snapshot_identifier           = var.deletion_protection ? "${var.name}-final" : null
  enabled_cloudwatch_logs_exports     = ["audit", "error", "slowquery"]
  tags                                = var.tags

  lifecycle {
    # The password is generated once, at creation (uuid(): 122 random bits, hashicorp/random
    # being unavailable offline); later plans keep the stored one. See the README on rotation.
    ignore_changes = [master_password]
  }
}

resource "aws_rds_cluster_instance" "this" {
  count                        = var.multi_az ? 2 : 1
  identifier                   = "${var.name}-${count.index}"
  cluster_identifier           = aws_rds_cluster.this.id
  engine                       = aws_rds_cluster.this.engine
  engine_version               = aws_rds_cluster.this.engine_version
  instance_class               = var.instance_class
  db_subnet_group_name         = aws_db_subnet_group.this.name
  publicly_accessible          = false
  auto_minor_version_upgrade   = true
  performance_insights_enabled = true
  copy_tags_to_snapshot        = true
  tags                         = var.tags
}
