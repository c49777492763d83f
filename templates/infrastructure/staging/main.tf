# The staging application environment. The Terraform workspace says which twin this is:
# "ops" is applied from master, "apps" from a tag of a commit already applied to ops.

module "app" {
  source      = "../modules/app"
  environment = "staging"
  instance    = terraform.workspace
  node_count  = 2
}

output "endpoint" {
  value = module.app.endpoint
}
