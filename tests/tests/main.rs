mod provider;
mod terraform_smoke;
