# FestSafe image for self-hosting (compose.yaml). Not built in this repository's CI: the
# machines it runs on have no Docker engine.
FROM denoland/deno:2.9.6
WORKDIR /app
COPY deno.json deno.lock ./
COPY . .
RUN deno install && deno task build && deno cache main.ts
USER deno
ENV PORT=8000 WORKERS=on DENO_ENV=production
EXPOSE 8000 9464
CMD ["run", "-A", "main.ts"]
