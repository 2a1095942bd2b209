/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native / Node-only clients stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "mongodb", "@prisma/client", "@prisma/adapter-pg"],
};

export default nextConfig;
