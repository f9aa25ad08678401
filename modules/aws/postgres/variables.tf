variable "name" {
  description = "Cluster identifier, such as `shop-production-orders-db`: lower-case letters, digits and `-`, starting with a letter, at most 63 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.name)) && !can(regex("--|-$", var.name))
    error_message = "The name must be lower-case letters, digits and single hyphens, start with a letter, not end with a hyphen, and be at most 63 characters."
  }
}

variable "database_name" {
  description = "Name of the database created in the cluster."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,62}$", var.database_name))
    error_message = "The database name must start with a letter and hold only letters, digits and `_`, at most 63 characters."
  }
}

variable "username" {
  description = "Master user name. Its password is generated (see the README)."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,15}$", var.username)) && !contains(["admin", "postgres", "rdsadmin"], lower(var.username))
    error_message = "The user name must start with a letter, hold only letters, digits and `_`, be at most 16 characters, and not be a reserved name."
  }
}

variable "engine_version" {
  description = "Aurora PostgreSQL version, such as `15.4`; its major version picks the parameter group family."
  type        = string
  default     = "15.4"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+$", var.engine_version))
    error_message = "The engine version must be MAJOR.MINOR, such as 15.4."
  }
}

variable "instance_class" {
  description = "Instance class of every instance, such as `db.t4g.medium` (development) or `db.r6g.large` (production)."
  type        = string
  default     = "db.t4g.medium"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "The instance class must look like db.t4g.medium."
  }
}

variable "multi_az" {
  description = "Run a reader instance in a second availability zone that takes over on failure (two instances instead of one)."
  type        = bool
  default     = true
}

variable "deletion_protection" {
  description = "Refuse to delete the cluster, and take a final snapshot when it is deleted after all."
  type        = bool
  default     = true
}

variable "backup_retention_days" {
  description = "Days automated backups are kept (1 to 35)."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "Backups are kept 1 to 35 days."
  }
}

variable "vpc_id" {
  description = "VPC of the cluster's security group."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "The VPC id must look like vpc-0123abcd."
  }
}

variable "subnet_ids" {
  description = "Private subnets, in at least two availability zones, that the cluster's subnet group spans."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "Give at least two subnet ids like subnet-0123abcd."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups (such as the EKS cluster's node or pod security group) allowed to connect on the PostgreSQL port."
  type        = list(string)

  validation {
    condition     = alltrue([for s in var.allowed_security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "Security group ids look like sg-0123abcd."
  }
}

variable "kms_key_arn" {
  description = "KMS key encrypting storage and Performance Insights; the AWS managed key when null."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
