# Image for web, worker and beat (docker-compose.yml). Static files are
# collected at build time and served by WhiteNoise; the PostgreSQL client
# programs are for backup_data and restore_data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && useradd --system --uid 10001 --home /app credit \
    && mkdir -p /app/private /app/metrics && chown credit /app/private /app/metrics
USER credit

EXPOSE 8000
CMD ["gunicorn", "credit_mgmt.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2"]
