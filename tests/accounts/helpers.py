"""Shared steps of the accounts tests."""

import io

from django.urls import reverse
from openpyxl import load_workbook


def post_login(client, username: str, password: str, address: str = "127.0.0.1"):
    """Log in through the login page, as a person does (from ``address``), so that django-axes sees every attempt."""
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def read_sheet(content: bytes, title: str = "初始密码") -> list[list]:
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook[title].iter_rows(values_only=True)]
