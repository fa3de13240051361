# One server and client_count clients, same AMI, subnet and cluster placement group.
# Everything a host does is in its user-data template (templates/*.tftpl); the same
# templates, rendered with mode = "rehearsal", run the same containers locally in the tests.

resource "aws_key_pair" "operator" {
  key_name   = "${var.name_prefix}-operator"
  public_key = trimspace(var.ssh_public_key)
}

locals {
  instance_profile = var.create_ecr_repositories ? aws_iam_instance_profile.host[0].name : null
  host_functions   = file("${path.module}/templates/host-functions.sh")

  # Template variables. test/terraform checks that its offline renders use exactly these keys.
  server_user_data_vars = {
    mode                   = "ec2"
    container_prefix       = var.name_prefix
    server_image           = local.server_image
    server_port            = var.server_port
    host_functions         = local.host_functions
    auto_terminate_minutes = var.auto_terminate_after_hours * 60
  }

  client_user_data_vars = {
    mode                   = "ec2"
    container_prefix       = var.name_prefix
    server_image           = local.server_image
    client_images          = local.client_images
    server_host            = aws_instance.server.private_ip
    server_port            = var.server_port
    results_dir            = local.results_dir
    results_owner          = "1000:1000" # the 'ubuntu' user, who fetches them over SSH
    queries                = var.benchmark_queries
    chunk                  = var.benchmark_chunk
    runs                   = var.benchmark_runs
    warmup                 = var.benchmark_warmup
    strategies             = join(",", var.benchmark_strategies)
    memory_guard           = var.memory_guard
    calibrate_memory       = var.calibrate_memory
    worker_thread_mib      = var.worker_thread_mib
    memory_reserve_mib     = var.memory_reserve_mib
    memory_limit_mib       = 0 # 0: MemTotal - memory_reserve_mib, measured on the host
    server_wait_seconds    = var.server_wait_minutes * 60
    git_commit             = var.git_commit
    host_functions         = local.host_functions
    sweep_presets          = join(",", var.sweep_presets)
    sweep_flags            = local.sweep_flags
    auto_terminate_minutes = var.auto_terminate_after_hours * 60
  }

  # The sweeps' sizes as `benchmark sweep` flags: validated numbers only, so the client script may split them on spaces.
  sweep_flags = join(" ", concat(
    var.sweep_requests == null ? [] : ["-r", tostring(var.sweep_requests)],
    var.sweep_runs == null ? [] : ["--runs", tostring(var.sweep_runs)],
    var.sweep_warmup == null ? [] : ["--warmup", tostring(var.sweep_warmup)],
    var.sweep_values == null ? [] : ["--values", join(",", [for v in var.sweep_values : tostring(v)])],
  ))
}

resource "aws_instance" "server" {
  ami                    = local.ami_id
  instance_type          = var.instance_type
  tenancy                = var.tenancy
  placement_group        = aws_placement_group.cluster.name
  subnet_id              = aws_subnet.bench.id
  vpc_security_group_ids = [aws_security_group.server.id]
  key_name               = aws_key_pair.operator.key_name
  iam_instance_profile   = local.instance_profile

  # The cost guard: the user data schedules a shutdown (auto_terminate_after_hours), and a
  # shutdown from inside ends the instance instead of leaving it stopped.
  instance_initiated_shutdown_behavior = "terminate"

  # gzip: the client script is close to EC2's 16 KB user-data limit as text (cloud-init unpacks it).
  user_data_base64            = base64gzip(templatefile("${path.module}/templates/server-user-data.sh.tftpl", local.server_user_data_vars))
  user_data_replace_on_change = true

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required" # IMDSv2 only
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  root_block_device {
    encrypted             = true
    volume_type           = "gp3"
    volume_size           = var.root_volume_size_gb
    delete_on_termination = true
  }

  tags = { Name = "${var.name_prefix}-server", Role = "server" }

  depends_on = [aws_route_table_association.bench]
}

resource "aws_instance" "client" {
  count = var.client_count

  ami                    = local.ami_id
  instance_type          = local.client_instance_type
  tenancy                = var.tenancy
  placement_group        = aws_placement_group.cluster.name
  subnet_id              = aws_subnet.bench.id
  vpc_security_group_ids = [aws_security_group.client.id]
  key_name               = aws_key_pair.operator.key_name
  iam_instance_profile   = local.instance_profile

  # The cost guard: the user data schedules a shutdown (auto_terminate_after_hours), and a
  # shutdown from inside ends the instance instead of leaving it stopped.
  instance_initiated_shutdown_behavior = "terminate"

  # gzip: the client script is close to EC2's 16 KB user-data limit as text (cloud-init unpacks it).
  user_data_base64            = base64gzip(templatefile("${path.module}/templates/client-user-data.sh.tftpl", local.client_user_data_vars))
  user_data_replace_on_change = true

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required" # IMDSv2 only
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  root_block_device {
    encrypted             = true
    volume_type           = "gp3"
    volume_size           = var.root_volume_size_gb
    delete_on_termination = true
  }

  tags = { Name = "${var.name_prefix}-client-${count.index + 1}", Role = "client" }

  depends_on = [aws_route_table_association.bench]
}
