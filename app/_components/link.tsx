// The dashboard's links: next/link without prefetching. Every page here is dynamic (per viewer, per
// org, live data), so a prefetch only fetches the destination's loading state and layouts, one
// server render per link in view, and the overview alone shows ~40 links (charts, stat tiles): a
// first visit sent ~50 prefetches that competed with the page itself (`tsx bench/client.ts`).
// A click still navigates client-side, without a reload.
import NextLink from "next/link";
import type { ComponentProps } from "react";

export default function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
