# Image for web, worker, beat and the migrate job (docker-compose.yml). Static files are
# collected at build time and served by WhiteNoise; the PostgreSQL client programs are for
# backup_data and restore_data. WeasyPrint renders notices, receipts and certificates with
# Pango, HarfBuzz and fontconfig (the libraries it opens itself; apt brings theirs), and the
# Chinese text needs a CJK font (tests/operations/test_image.py ties this list to what a PDF
# rendering loads). python:3.11-slim is Debian 12, like the machines CI runs on; where no registry is
# reachable, tools/image-check builds an equivalent base from Debian's packages (BASE_IMAGE).
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext postgresql-client \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
       libglib2.0-0 fontconfig fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && useradd --system --uid 10001 --create-home --home-dir /home/credit credit \
    && mkdir -p /app/private /app/metrics && chown credit /app/private /app/metrics
# fontconfig keeps its cache under HOME, which the user must be able to write.
ENV HOME=/home/credit
USER credit

EXPOSE 8000
CMD ["gunicorn", "credit_mgmt.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2"]
