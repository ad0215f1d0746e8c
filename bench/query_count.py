"""Count the database queries each given page takes: `python -m bench.query_count URL...`."""

import os
import sys


def main(urls: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"  {len(queries):>3} queries  HTTP {response.status_code}  {url}")


if __name__ == "__main__":
    main(sys.argv[1:])
