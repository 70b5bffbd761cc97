/** @type {import('next').NextConfig} */
const nextConfig = {
  // Keep the build small and quiet.
  poweredByHeader: false,
};

export default nextConfig;
