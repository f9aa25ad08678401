variable "name" {
  description = "Replication group id, such as `shop-production-cache`: lower-case letters, digits and `-`, starting with a letter, at most 40 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.name)) && !can(regex("--|-$", var.name))
    error_message = "The name must be lower-case letters, digits and single hyphens, start with a letter, not end with a hyphen, and be at most 40 characters."
  }
}

variable "node_type" {
  description = "Cache node type, such as `cache.t4g.micro` (development) or `cache.r6g.large` (production)."
  type        = string
  default     = "cache.t4g.micro"

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "The node type must look like cache.t4g.micro."
  }
}

variable "engine_version" {
  description = "Redis engine version: `6.x` (the latest 6) or, before 6, MAJOR.MINOR.PATCH such as `5.0.6` (the forms hashicorp/aws 3.x accepts)."
  type        = string
  default     = "6.x"

  validation {
    condition     = can(regex("^([6-9]|[1-9][0-9])\\.x$|^[0-9]+\\.[0-9]+\\.[0-9]+$", var.engine_version))
    error_message = "The engine version must be like 6.x, or 5.0.6 before version 6."
  }
}

variable "multi_az" {
  description = "Run a replica in a second availability zone with automatic failover (two nodes instead of one)."
  type        = bool
  default     = true
}

variable "snapshot_retention_days" {
  description = "Days daily snapshots are kept; 0 turns snapshots off."
  type        = number
  default     = 7

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35
    error_message = "Snapshots are kept 0 to 35 days."
  }
}

variable "vpc_id" {
  description = "VPC of the replication group's security group."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "The VPC id must look like vpc-0123abcd."
  }
}

variable "subnet_ids" {
  description = "Private subnets, in at least two availability zones, for the cache subnet group."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "Give at least two subnet ids like subnet-0123abcd."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups (such as the EKS cluster's node or pod security group) allowed to connect on the Redis port."
  type        = list(string)

  validation {
    condition     = alltrue([for s in var.allowed_security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "Security group ids look like sg-0123abcd."
  }
}

variable "kms_key_arn" {
  description = "KMS key encrypting data at rest; the AWS managed key when null."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
