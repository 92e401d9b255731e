import type { Metadata } from "next";
import type { ReactNode } from "react";
import { readLook } from "./_data/look.ts";
import { lookAttributes } from "./_lib/look.ts";
import "./theme.css";
import "./globals.css";
import "./layout.css";

export const metadata: Metadata = {
  title: { default: "patwarden", template: "%s · patwarden" },
  description: "Fine-grained personal access tokens across your GitHub organizations",
};

// Theme and density come from cookies here, on the server, so the first paint has them (no flash of
// the wrong theme, no script before paint). The toggles change the same attributes in place.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const look = await readLook();
  return (
    <html lang="en" {...lookAttributes(look)}>
      <body>{children}</body>
    </html>
  );
}
