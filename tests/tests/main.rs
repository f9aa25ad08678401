mod generate;
mod terraform_smoke;
