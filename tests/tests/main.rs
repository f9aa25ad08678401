mod terraform_smoke;
