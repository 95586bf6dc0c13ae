# syntax=docker/dockerfile:1
# Build stage: install everything, build shared, server and web, then drop dev dependencies.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: production dependencies and built files only, as a non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/shared/package.json shared/package.json
COPY --from=build --chown=node:node /app/shared/dist shared/dist
COPY --from=build --chown=node:node /app/server/package.json server/package.json
COPY --from=build --chown=node:node /app/server/dist server/dist
COPY --from=build --chown=node:node /app/web/build web/build
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# --no-memory-reducer: V8 shrinks the heap of a process that went quiet, and the next burst of chat
# then starts with a garbage-collection storm (bench/README.md, seventeenth session).
# --min-semi-space-size=16: nor does the young generation shrink (to 1-8 MB) in a quiet spell, which
# made the next burst's first quarter second a run of scavenges (nineteenth session). The bench and
# npm start run the server with the same flags.
CMD ["node", "--no-memory-reducer", "--min-semi-space-size=16", "server/dist/main.js"]
