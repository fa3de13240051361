# One VPC, one public subnet in one zone, one cluster placement group: the hosts sit close
# together, so the network between client and server is short and steady.

resource "aws_vpc" "bench" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = "${var.name_prefix}-vpc" }
}

resource "aws_internet_gateway" "bench" {
  vpc_id = aws_vpc.bench.id
  tags   = { Name = "${var.name_prefix}-igw" }
}

resource "aws_subnet" "bench" {
  vpc_id                  = aws_vpc.bench.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 24 - tonumber(split("/", var.vpc_cidr)[1]), 0)
  availability_zone       = local.availability_zone
  map_public_ip_on_launch = true

  tags = { Name = "${var.name_prefix}-subnet" }

  lifecycle {
    precondition {
      condition     = local.availability_zone != null
      error_message = "No availability zone of ${var.region} offers ${join(" and ", local.instance_types)}: choose another instance type or region."
    }
  }
}

resource "aws_route_table" "bench" {
  vpc_id = aws_vpc.bench.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.bench.id
  }

  tags = { Name = "${var.name_prefix}-rt" }
}

resource "aws_route_table_association" "bench" {
  subnet_id      = aws_subnet.bench.id
  route_table_id = aws_route_table.bench.id
}

resource "aws_placement_group" "cluster" {
  name     = "${var.name_prefix}-cluster"
  strategy = "cluster"
}

# --- Security groups: SSH only from ssh_allowed_cidr, the server port only from the clients ---

resource "aws_security_group" "server" {
  name        = "${var.name_prefix}-server"
  description = "Benchmark server: SSH from the operator, the server port from the clients only"
  vpc_id      = aws_vpc.bench.id
  tags        = { Name = "${var.name_prefix}-server" }
}

resource "aws_security_group" "client" {
  name        = "${var.name_prefix}-client"
  description = "Benchmark clients: SSH from the operator only"
  vpc_id      = aws_vpc.bench.id
  tags        = { Name = "${var.name_prefix}-client" }
}

resource "aws_vpc_security_group_ingress_rule" "server_ssh" {
  security_group_id = aws_security_group.server.id
  description       = "SSH from the operator"
  cidr_ipv4         = var.ssh_allowed_cidr
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}

resource "aws_vpc_security_group_ingress_rule" "server_port_from_clients" {
  security_group_id            = aws_security_group.server.id
  description                  = "Benchmark traffic from the client hosts only"
  referenced_security_group_id = aws_security_group.client.id
  ip_protocol                  = "tcp"
  from_port                    = var.server_port
  to_port                      = var.server_port
}

resource "aws_vpc_security_group_ingress_rule" "client_ssh" {
  security_group_id = aws_security_group.client.id
  description       = "SSH from the operator"
  cidr_ipv4         = var.ssh_allowed_cidr
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}

# Egress: HTTP(S) for apt and the image registry, and the clients to the server port.
# (DNS, NTP and instance metadata use link-local addresses that security groups do not filter.)
resource "aws_vpc_security_group_egress_rule" "web" {
  for_each = {
    server_http  = { sg = aws_security_group.server.id, port = 80 }
    server_https = { sg = aws_security_group.server.id, port = 443 }
    client_http  = { sg = aws_security_group.client.id, port = 80 }
    client_https = { sg = aws_security_group.client.id, port = 443 }
  }

  security_group_id = each.value.sg
  description       = "apt and image registry"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
}

resource "aws_vpc_security_group_egress_rule" "client_to_server" {
  security_group_id            = aws_security_group.client.id
  description                  = "Benchmark traffic to the server"
  referenced_security_group_id = aws_security_group.server.id
  ip_protocol                  = "tcp"
  from_port                    = var.server_port
  to_port                      = var.server_port
}
