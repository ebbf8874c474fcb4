# One image for both production processes: `npm run start:api` or `npm run start:worker`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV EDGECRON_SKIP_TOOLS=1 NODE_ENV=production
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci
COPY . .
EXPOSE 3000
CMD ["npm", "run", "start:api"]
