# One application environment's infrastructure. terraform_data stands in for real resources
# (it is built into Terraform, so this plans and applies offline).

variable "environment" {
  type        = string
  description = "staging, preprod or prod"
}

variable "instance" {
  type        = string
  description = "ops (the twin engineers may break) or apps (the one in use)"
}

variable "node_count" {
  type    = number
  default = 2
}

resource "terraform_data" "network" {
  input = {
    name = "${var.environment}-${var.instance}-net"
    cidr = "10.0.0.0/16"
  }
}

resource "terraform_data" "cluster" {
  input = {
    name    = "${var.environment}-${var.instance}"
    nodes   = var.node_count
    network = terraform_data.network.output.name
  }
}

output "endpoint" {
  value = "https://${terraform_data.cluster.output.name}.example.internal"
}
