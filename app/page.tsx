import { redirect } from "next/navigation";
import { getViewer } from "./_data/viewer.ts";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await getViewer()) ? "/orgs" : "/login");
}
