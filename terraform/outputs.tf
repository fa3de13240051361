output "server_public_ip" {
  description = "Public address of the server host (SSH only from ssh_allowed_cidr)."
  value       = aws_instance.server.public_ip
}

output "server_private_ip" {
  description = "Private address the clients benchmark against."
  value       = aws_instance.server.private_ip
}

output "client_public_ips" {
  description = "Public addresses of the client hosts."
  value       = aws_instance.client[*].public_ip
}

output "client_private_ips" {
  description = "Private addresses of the client hosts."
  value       = aws_instance.client[*].private_ip
}

output "ssh_server" {
  description = "SSH into the server host (logs: /var/log/cloud-init-output.log, `sudo docker logs ${var.name_prefix}-server`)."
  value       = "ssh ${local.ssh_user}@${aws_instance.server.public_ip}"
}

output "ssh_clients" {
  description = "SSH into each client host (progress: ${local.results_dir}/STATUS and client.log)."
  value       = [for ip in aws_instance.client[*].public_ip : "ssh ${local.ssh_user}@${ip}"]
}

output "results_dir" {
  description = "Where each client host keeps its results."
  value       = local.results_dir
}

output "client_instance_ids" {
  description = "EC2 instance ids of the client hosts (their console output holds their SSH host keys)."
  value       = aws_instance.client[*].id
}

output "fetch_results_command" {
  description = "Waits until every client has finished, then copies its results to ./results/client-<n>/ (run from the repository root). Each host's SSH key is pinned to the one its instance printed to the console output at boot (needs the AWS CLI)."
  value = join(" ", concat(
    ["scripts/fetch-results.sh", "--remote-dir", local.results_dir, "--output", "./results",
    "--region", var.region, "--host-keys-from-console", join(",", aws_instance.client[*].id)],
    [for ip in aws_instance.client[*].public_ip : "${local.ssh_user}@${ip}"]
  ))
}

output "ecr_repository_urls" {
  description = "ECR repositories (create_ecr_repositories = true), else null."
  value = var.create_ecr_repositories ? {
    server = aws_ecr_repository.server[0].repository_url
    client = aws_ecr_repository.client[0].repository_url
  } : null
}

output "push_images_command" {
  description = "Builds the images and pushes them to the ECR repositories (create_ecr_repositories = true), else null."
  value = var.create_ecr_repositories ? join(" ", [
    "scripts/push-images-ecr.sh",
    "--region", var.region,
    "--server-repo", aws_ecr_repository.server[0].repository_url,
    "--client-repo", aws_ecr_repository.client[0].repository_url,
    "--runtimes", join(",", local.client_runtimes),
  ]) : null
}

output "server_image" {
  description = "Server image the server host runs."
  value       = local.server_image
}

output "client_images" {
  description = "Client image per result label; the client runs the whole suite once per entry."
  value       = local.client_images
}
