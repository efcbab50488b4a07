"""구역·역할 관리: who walks which zone, which zone each tong is in, who holds which role (the dong head and the
officer coordinator). These decide what people may see, so they live with access and every change is audited."""
