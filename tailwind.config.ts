import type { Config } from "tailwindcss";

// Tailwind 4 reads this through `@config` in app/globals.css. Colour tokens live in CSS variables there;
// this file holds what is easier to say in TypeScript.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}", "./lib/**/*.{ts,tsx}"],
  darkMode: "class",
  theme: {
    extend: {
      screens: { xs: "420px" },
      keyframes: {
        "fade-in": { from: { opacity: "0" }, to: { opacity: "1" } },
      },
      animation: { "fade-in": "fade-in 150ms ease-out" },
    },
  },
};

export default config;
