"use client";
// A filter form's element and submit handler (the fields are server-rendered, in filter-form.tsx):
// drops blank fields so URLs stay short, then navigates client-side.
import { useRouter } from "next/navigation";
import type { FormEvent, ReactNode } from "react";

export function FilterShell({ label, children }: { label: string; children: ReactNode }) {
  const router = useRouter();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim() !== "") params.append(key, value.trim());
    }
    router.push(`?${params.toString()}`);
  };
  return <form method="get" onSubmit={submit} className="panel filter-form" aria-label={label}>{children}</form>;
}
