# syntax=docker/dockerfile:1
# cxone-gitops: multi-stage build on the current Node LTS slim image (Node 26 entered LTS in October 2026).
# Build:  docker build -t cxone-gitops .
# Run:    docker run --env-file .env -p 8080:8080 -v cxone-data:/data cxone-gitops
#         (.env holds CXONE_*, GITOPS_REPO_URL and HTTP_AUTH_TOKEN: the server binds 0.0.0.0 in the
#         container, and refuses to start off loopback without a token for /api/* and the dashboard)

FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
# `npm ci` runs the `prepare` script (tsc), so the sources must be there first.
COPY controller ./controller
COPY emulator ./emulator
COPY test ./test
RUN npm ci --ignore-scripts && npm run build && npm prune --omit=dev

FROM node:26-slim
# git: simple-git drives the git binary; tini: signals reach the controller and zombies are reaped.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git tini ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data HTTP_HOST=0.0.0.0 HTTP_PORT=8080
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/controller ./dist/controller
COPY --from=build /app/dist/emulator ./dist/emulator
COPY schemas ./schemas
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node flags: controller/lib/service-node-flags.ts (a test keeps the two in step).
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--max-semi-space-size=8", "/app/dist/controller/cli.js"]
CMD ["run"]
