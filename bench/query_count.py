"""Count the database queries each given page takes: `python -m bench.query_count [--twice] URL...`
(with --twice, each page is asked for once first and counted the second time)."""

import os
import sys


def main(urls: list[str], twice: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for url in urls:
        if twice:
            client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"  {len(queries):>3} queries  HTTP {response.status_code}  {url}")


if __name__ == "__main__":
    main([arg for arg in sys.argv[1:] if arg != "--twice"], twice="--twice" in sys.argv[1:])
