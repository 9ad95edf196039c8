package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

/**
 * Everything the simulated platform holds (shops, products and stock, orders, e-waybills) and the platform's
 * rules for changing it. Guarded by this object's monitor: API handlers that read and write in several steps
 * hold it for the whole step. Scenario mistakes throw {@link IllegalArgumentException} (bad input),
 * {@link NoSuchElementException} (unknown shop/order) or {@link IllegalStateException} (not allowed now);
 * API rule violations throw {@link ApiError}.
 */
final class PlatformState {

    private static final long ORDER_ID_BASE = 3_700_000_000_000_000_000L;
    private static final long ORDER_ID_SPAN = 100_000_000_000_000_000L;
    /** Orders whose sensitive info a merchant may decode a day (基础解码数 30 次/日); one order counts once a day. */
    private static final int DECODES_PER_DAY = 30;
    /** The platform's day, for the decode quota (次日重置). */
    private static final ZoneId PLATFORM_ZONE = ZoneId.of("Asia/Shanghai");
    /** Every new shop has bound an e-waybill account for these carriers (直营 SF, JD; 加盟 ZTO, YTO, YUNDA, JTSD). */
    private static final List<String> SEEDED_CARRIERS = List.of("SF", "JD", "ZTO", "YTO", "YUNDA", "JTSD");

    private final Clock clock;
    private final Random random;
    private final int stockUpdatesPerSecond;
    private final Map<String, Shop> shops = new LinkedHashMap<>();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<String, Ewaybill> ewaybills = new LinkedHashMap<>();
    private final Set<String> waybillIds = new HashSet<>();

    PlatformState(Clock clock, Random random, int stockUpdatesPerSecond) {
        this.clock = clock;
        this.random = random;
        this.stockUpdatesPerSecond = stockUpdatesPerSecond;
    }

    static final class Shop {
        ShopSpec spec;
        final Map<String, Product> products = new LinkedHashMap<>();
        /** 面单主体 shop_id: the shop's id in the e-waybill APIs. */
        final String ewaybillShopId;
        final Map<String, EwaybillAccount> accounts = new LinkedHashMap<>();
        /** By platform order id. */
        final Map<String, RiskHold> riskHolds = new LinkedHashMap<>();
        /** The platform day {@link #decodedToday} counts for. */
        LocalDate decodeDay;
        /** Orders decoded (sensitiveinfo/decode) on {@link #decodeDay}: the quota counts each once. */
        final Set<String> decodedToday = new LinkedHashSet<>();
        /** 商家客服 messages sent, by request_id (the platform's dedup key) or, without one, by msg_id. */
        final Map<String, KfMessage> kfMessages = new LinkedHashMap<>();

        Shop(ShopSpec spec, String ewaybillShopId) {
            this.spec = spec;
            this.ewaybillShopId = ewaybillShopId;
        }
    }

    record Product(String productId, String title, Map<String, Sku> skus) {
    }

    /** A privacy number (虚拟号): dialled, then the extension; valid until {@code expiration} (epoch seconds). */
    record VirtualNumber(String number, String extension, long expiration) {
    }

    static final class Sku {
        final String skuId;
        final String skuCode;
        final long salePrice;
        int stock;
        /** Epoch millis of the accepted stock/update calls within the last second, for 10020112. */
        final Deque<Long> recentUpdates = new ArrayDeque<>();

        Sku(SkuSpec spec) {
            this.skuId = spec.skuId();
            this.skuCode = spec.skuCode();
            this.salePrice = spec.salePrice();
            this.stock = spec.stock();
        }
    }

    static final class Order {
        final String orderId;
        final String shopId;
        final String openid;
        final String buyerIp;
        final long createTime;
        final Address address;
        final List<OrderLine> lines;
        final long freight;
        final int deliverMethod;
        int status = OrderStatus.UNPAID;
        long updateTime;
        Long payTime;
        String transactionId;
        List<Delivery> deliveries = List.of();
        Long shipDoneTime;
        /** The privacy number (虚拟号) the buyer's phone hides behind, with its extension; null when none. */
        VirtualNumber virtualNumber;

        Order(String orderId, String shopId, String openid, String buyerIp, long createTime, Address address,
              List<OrderLine> lines, long freight, int deliverMethod) {
            this.orderId = orderId;
            this.shopId = shopId;
            this.openid = openid;
            this.buyerIp = buyerIp;
            this.createTime = createTime;
            this.updateTime = createTime;
            this.address = address;
            this.lines = lines;
            this.freight = freight;
            this.deliverMethod = deliverMethod;
        }

        long productPrice() {
            return lines.stream().mapToLong(line -> line.salePrice() * line.quantity()).sum();
        }

        OrderLine line(String productId, String skuId) {
            return lines.stream()
                    .filter(line -> line.productId().equals(productId) && line.skuId().equals(skuId))
                    .findFirst().orElse(null);
        }
    }

    static final class Ewaybill {
        final String id;
        final String shopId;
        String deliveryId;
        String acctId;
        String siteCode;
        String status;
        String waybillId;
        String templateId;
        List<String> ecOrderIds;
        JsonNode sender;
        JsonNode receiver;
        JsonNode ecOrderList;
        String remark;
        String printInfo;
        long createTime;
        final List<SubWaybill> subs = new ArrayList<>();
        int printed;
        int reprinted;

        Ewaybill(String id, String shopId, Parcel parcel, long createTime) {
            this.id = id;
            this.shopId = shopId;
            this.createTime = createTime;
            this.status = "PRECREATED";
            describe(parcel);
        }

        void describe(Parcel parcel) {
            deliveryId = parcel.deliveryId();
            acctId = parcel.acctId();
            siteCode = parcel.siteCode();
            sender = parcel.sender();
            receiver = parcel.receiver();
            ecOrderList = parcel.ecOrderList();
            ecOrderIds = parcel.ecOrderIds();
            remark = parcel.remark();
        }

        boolean owns(String number) {
            return number.equals(waybillId) || subs.stream().anyMatch(sub -> sub.waybillId().equals(number));
        }
    }

    /** A 子单 of a 子母件 parcel (addsuborder). */
    record SubWaybill(String waybillId, String printInfo, long createTime) {
    }

    /** What precreate and create carry about a parcel. */
    record Parcel(String deliveryId, String acctId, String siteCode, JsonNode sender, JsonNode receiver,
                  JsonNode ecOrderList, List<String> ecOrderIds, String remark) {
    }

    /** An e-waybill account (网点 or 月结账号) of a shop. */
    static final class EwaybillAccount {
        final String deliveryId;
        final String acctId;
        final String siteCode;
        final String siteName;
        final String monthlyCard;
        final List<EwaybillParty> senderAddresses;
        int status;
        long available;
        long allocated;
        long cancelled;

        EwaybillAccount(String deliveryId, String acctId, String siteCode, String siteName, String monthlyCard,
                        int status, long available, List<EwaybillParty> senderAddresses) {
            this.deliveryId = deliveryId;
            this.acctId = acctId;
            this.siteCode = siteCode;
            this.siteName = siteName;
            this.monthlyCard = monthlyCard;
            this.status = status;
            this.available = available;
            this.senderAddresses = senderAddresses;
        }
    }

    /** Where and how a push for a shop is sent; a snapshot, so a later callback change affects later pushes. */
    record PushTarget(String callbackUrl, String token, String encodingAesKey, String appId, String username) {
    }

    /** A push message built from the platform's state; {@code target} is null when the shop has no callback. */
    record PushMessage(String shopId, String orderId, String event, long createTime, String json,
                       PushTarget target) {
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    Clock clock() {
        return clock;
    }

    Random random() {
        return random;
    }

    // ---- shops, products, stock (scenario) ----

    synchronized void createShop(ShopSpec spec) {
        if (shops.containsKey(spec.shopId())) {
            throw new IllegalStateException("shop " + spec.shopId() + " exists");
        }
        if (shopByAppId(spec.appId()) != null) {
            throw new IllegalStateException("appId " + spec.appId() + " belongs to another shop");
        }
        shops.put(spec.shopId(), new Shop(spec, "50098" + digits(8)));
        SEEDED_CARRIERS.forEach(deliveryId -> addAccount(spec.shopId(), EwaybillAccountSpec.of(deliveryId)));
    }

    synchronized Shop shop(String shopId) {
        Shop shop = shops.get(shopId);
        if (shop == null) {
            throw new NoSuchElementException("no shop " + shopId);
        }
        return shop;
    }

    synchronized Shop shopByAppId(String appId) {
        return shops.values().stream().filter(s -> s.spec.appId().equals(appId)).findFirst().orElse(null);
    }

    synchronized List<ShopSpec> shops() {
        return shops.values().stream().map(s -> s.spec).toList();
    }

    synchronized void setCallbackUrl(String shopId, String callbackUrl) {
        Shop shop = shop(shopId);
        shop.spec = shop.spec.withCallbackUrl(callbackUrl);
    }

    synchronized void addProduct(String shopId, ProductSpec spec) {
        Shop shop = shop(shopId);
        if (shop.products.containsKey(spec.productId())) {
            throw new IllegalStateException("product " + spec.productId() + " exists");
        }
        Map<String, Sku> skus = new LinkedHashMap<>();
        for (SkuSpec sku : spec.skus()) {
            if (skus.put(sku.skuId(), new Sku(sku)) != null) {
                throw new IllegalArgumentException("sku " + sku.skuId() + " is listed twice");
            }
        }
        shop.products.put(spec.productId(), new Product(spec.productId(), spec.title(), skus));
    }

    synchronized List<ProductSpec> products(String shopId) {
        return shop(shopId).products.values().stream()
                .map(p -> new ProductSpec(p.productId(), p.title(), p.skus().values().stream()
                        .map(s -> new SkuSpec(s.skuId, s.skuCode, s.salePrice, s.stock)).toList()))
                .toList();
    }

    synchronized void setStock(String shopId, String productId, String skuId, int stock) {
        if (stock < 0) {
            throw new IllegalArgumentException("stock must not be negative");
        }
        sku(shopId, productId, skuId).stock = stock;
    }

    synchronized int stock(String shopId, String productId, String skuId) {
        return sku(shopId, productId, skuId).stock;
    }

    private Sku sku(String shopId, String productId, String skuId) {
        Product product = shop(shopId).products.get(productId);
        Sku sku = product == null ? null : product.skus().get(skuId);
        if (sku == null) {
            throw new NoSuchElementException("no sku " + productId + "/" + skuId + " in shop " + shopId);
        }
        return sku;
    }

    // ---- stock (API) ----

    synchronized Sku skuForApi(Shop shop, String productId, String skuId) {
        Product product = shop.products.get(productId);
        Sku sku = product == null ? null : product.skus().get(skuId);
        if (sku == null) {
            throw ApiError.of(ApiError.PRODUCT_NOT_FOUND);
        }
        return sku;
    }

    /** {@code /channels/ec/product/stock/update}: 1 增加, 2 减少, 3 设置; rate-limited per SKU. */
    synchronized void updateStock(Shop shop, String productId, String skuId, int diffType, long num) {
        Sku sku = skuForApi(shop, productId, skuId);
        if (diffType < 1 || diffType > 3 || num < 0 || num > Integer.MAX_VALUE) {
            throw ApiError.of(ApiError.STOCK_PARAM);
        }
        if (num == 0 && diffType != 3) {
            throw ApiError.of(ApiError.STOCK_DIFF_ZERO);
        }
        if (diffType == 2 && num > sku.stock) {
            throw ApiError.of(ApiError.STOCK_INSUFFICIENT);
        }
        long nowMillis = clock.millis();
        if (stockUpdatesPerSecond > 0) {
            while (!sku.recentUpdates.isEmpty() && sku.recentUpdates.peekFirst() <= nowMillis - 1000) {
                sku.recentUpdates.removeFirst();
            }
            if (sku.recentUpdates.size() >= stockUpdatesPerSecond) {
                throw ApiError.of(ApiError.STOCK_RATE_LIMIT);
            }
            sku.recentUpdates.addLast(nowMillis);
        }
        int n = (int) num;
        sku.stock = switch (diffType) {
            case 1 -> Math.addExact(sku.stock, n);
            case 2 -> sku.stock - n;
            default -> n;
        };
    }

    // ---- orders (scenario) ----

    /** Creates an unpaid order (待付款) and takes its stock, as the platform does when the buyer orders. */
    synchronized Order createOrder(String shopId, OrderSpec spec) {
        Shop shop = shop(shopId);
        String orderId = spec.orderId() != null ? spec.orderId() : newOrderId();
        if (orders.containsKey(orderId)) {
            throw new IllegalStateException("order " + orderId + " exists");
        }
        Map<Sku, Integer> taken = new LinkedHashMap<>();
        List<OrderLine> lines = new ArrayList<>();
        for (OrderItem item : spec.items()) {
            Product product = shop.products.get(item.productId());
            Sku sku = product == null ? null : product.skus().get(item.skuId());
            if (sku == null) {
                throw new IllegalArgumentException("no sku " + item.productId() + "/" + item.skuId()
                        + " in shop " + shopId);
            }
            if (lines.stream().anyMatch(l -> l.productId().equals(item.productId())
                    && l.skuId().equals(item.skuId()))) {
                throw new IllegalArgumentException("sku " + item.skuId() + " is listed twice; use quantity");
            }
            taken.put(sku, item.quantity());
            lines.add(new OrderLine(item.productId(), item.skuId(), sku.skuCode, product.title(), item.quantity(),
                    sku.salePrice));
        }
        taken.forEach((sku, quantity) -> {
            if (sku.stock < quantity) {
                throw new IllegalStateException("insufficient stock for sku " + sku.skuId + ": " + sku.stock
                        + " left, " + quantity + " ordered");
            }
        });
        taken.forEach((sku, quantity) -> sku.stock -= quantity);
        Order order = new Order(orderId, shopId, spec.openid() != null ? spec.openid() : newOpenid(),
                spec.buyerIp(), now(), spec.address() != null ? spec.address() : Address.sampleFor(orderId),
                List.copyOf(lines), spec.freight(), spec.deliverMethod());
        orders.put(orderId, order);
        return order;
    }

    synchronized Order pay(String shopId, String orderId) {
        Order order = order(shopId, orderId);
        if (order.status != OrderStatus.UNPAID) {
            throw new IllegalStateException("order " + orderId + " is " + order.status + ", not 10 (待付款)");
        }
        order.status = OrderStatus.PAID;
        order.payTime = now();
        order.transactionId = "4200" + digits(24);
        order.updateTime = order.payTime;
        return order;
    }

    /**
     * Cancels: an unpaid order becomes 250 and gets its stock back (the only case the platform restores
     * stock); a paid, unshipped one becomes 200 (全部售后后取消), or 190 for cancel_type 4 (超卖商家取消), and
     * keeps stock deducted. Returns the cancel_type to push.
     */
    synchronized int cancel(String shopId, String orderId, Integer cancelType) {
        Order order = order(shopId, orderId);
        if (cancelType != null && (cancelType < 1 || cancelType > 4)) {
            throw new IllegalArgumentException("cancelType is 1 用户取消, 2 超时, 3 全部售后完成 or 4 超卖商家取消");
        }
        int type;
        if (order.status == OrderStatus.UNPAID) {
            type = cancelType != null ? cancelType : 1;
            order.status = OrderStatus.CANCELLED;
            Shop shop = shop(shopId);
            for (OrderLine line : order.lines) {
                Product product = shop.products.get(line.productId());
                Sku sku = product == null ? null : product.skus().get(line.skuId());
                if (sku != null) {
                    sku.stock += line.quantity();
                }
            }
        } else if (order.status == OrderStatus.PAID) {
            type = cancelType != null ? cancelType : 3;
            order.status = type == 4 ? OrderStatus.OVERSOLD_CANCELLED : OrderStatus.AFTERSALE_CANCELLED;
        } else {
            throw new IllegalStateException("order " + orderId + " in status " + order.status + " ("
                    + OrderStatus.label(order.status) + ") cannot be cancelled");
        }
        order.updateTime = now();
        return type;
    }

    /** Plants drift: sets status and/or packages by hand; bumps update_time as any platform change does. */
    synchronized Order patch(String shopId, String orderId, OrderStatePatch patch) {
        Order order = order(shopId, orderId);
        long now = now();
        if (patch.deliveries() != null) {
            order.deliveries = patch.deliveries().stream().map(d -> stamped(d, now)).toList();
        }
        if (patch.status() != null) {
            order.status = patch.status();
            if (order.status >= OrderStatus.PAID && order.payTime == null) {
                order.payTime = now;
                order.transactionId = "4200" + digits(24);
            }
            if (order.status == OrderStatus.SHIPPED && order.shipDoneTime == null) {
                order.shipDoneTime = now;
            } else if (order.status < OrderStatus.SHIPPED) {
                order.shipDoneTime = null;
            }
        }
        order.updateTime = now;
        return order;
    }

    synchronized Order order(String shopId, String orderId) {
        Order order = orders.get(orderId);
        if (order == null || !order.shopId.equals(shopId)) {
            throw new NoSuchElementException("no order " + orderId + " in shop " + shopId);
        }
        return order;
    }

    synchronized List<OrderView> views(String shopId) {
        shop(shopId);
        return orders.values().stream().filter(o -> o.shopId.equals(shopId)).map(this::view).toList();
    }

    synchronized List<OrderView> allViews() {
        return orders.values().stream().map(this::view).toList();
    }

    synchronized OrderView view(Order o) {
        return new OrderView(o.shopId, o.orderId, o.status, o.openid, o.createTime, o.updateTime, o.payTime,
                o.transactionId, o.lines, o.address, o.deliveries, o.shipDoneTime, o.deliverMethod, o.freight,
                o.buyerIp);
    }

    // ---- orders (API) ----

    /** The order as the token's shop sees it: another shop's order does not exist for it. */
    synchronized Order orderForApi(Shop shop, String orderId) {
        Order order = orders.get(orderId);
        if (order == null || !order.shopId.equals(shop.spec.shopId())) {
            throw ApiError.of(ApiError.ORDER_NOT_FOUND);
        }
        return order;
    }

    synchronized List<Order> ordersOf(Shop shop) {
        return orders.values().stream().filter(o -> o.shopId.equals(shop.spec.shopId())).toList();
    }

    /**
     * {@code sensitiveinfo/decode}: only for orders that were paid (本接口仅适用于已付款的订单), within the shop's
     * daily quota of distinct orders; decoding an order again the same day costs nothing. A refused call costs
     * nothing either.
     */
    synchronized Order decodeForApi(Shop shop, String orderId) {
        Order order = orderForApi(shop, orderId);
        if (order.payTime == null) {
            throw ApiError.of(ApiError.ORDER_STATUS);
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), PLATFORM_ZONE);
        if (!today.equals(shop.decodeDay)) {
            shop.decodeDay = today;
            shop.decodedToday.clear();
        }
        if (!shop.decodedToday.contains(orderId) && shop.decodedToday.size() >= DECODES_PER_DAY) {
            throw ApiError.of(ApiError.DECODE_QUOTA);
        }
        shop.decodedToday.add(orderId);
        return order;
    }

    /**
     * {@code commkf/sendmsg}: a 商家客服 message to a buyer of the shop. A request_id seen before sends nothing
     * again and answers the first message's msg_id, whatever the rest of the body says.
     */
    synchronized KfMessage sendKfMessage(Shop shop, String requestId, String openId, String msgType, String content,
                                         String body) {
        KfMessage sent = requestId == null ? null : shop.kfMessages.get(requestId);
        if (sent != null) {
            KfMessage again = sent.repeated();
            shop.kfMessages.put(requestId, again);
            return again;
        }
        if (ordersOf(shop).stream().noneMatch(o -> o.openid.equals(openId))) {
            throw ApiError.of(ApiError.INVALID_OPENID);
        }
        String msgId = Long.toString(ORDER_ID_BASE + random.nextLong(ORDER_ID_SPAN));
        KfMessage message = new KfMessage(clock.instant(), shop.spec.shopId(), requestId, openId, msgType, content,
                msgId, body, 1);
        shop.kfMessages.put(requestId != null ? requestId : msgId, message);
        return message;
    }

    synchronized List<KfMessage> kfMessages(String shopId) {
        return List.copyOf(shop(shopId).kfMessages.values());
    }

    synchronized List<KfMessage> kfMessages() {
        return shops.values().stream().flatMap(s -> s.kfMessages.values().stream())
                .sorted(Comparator.comparing(KfMessage::at)).toList();
    }

    /** The buyer's phone hides behind a privacy number (虚拟号) from now on, valid for 30 days. */
    synchronized void setVirtualNumber(String shopId, String orderId, String number, String extension) {
        Require.text(number, "virtualNumber");
        order(shopId, orderId).virtualNumber = new VirtualNumber(number, extension == null ? "" : extension,
                now() + 30L * 24 * 3600);
    }

    /**
     * {@code delivery/send}: only from 20 (待发货) or 21 (部分发货); the packages must carry SKUs of the order,
     * no more than is left to ship. Ends in 30 when everything is shipped, else 21. Returns whether it finished.
     */
    synchronized boolean sendDelivery(Shop shop, String orderId, List<Delivery> packages) {
        Order order = orderForApi(shop, orderId);
        if (order.status != OrderStatus.PAID && order.status != OrderStatus.PARTIALLY_SHIPPED) {
            throw ApiError.of(ApiError.ORDER_STATUS);
        }
        List<Delivery> all = new ArrayList<>(order.deliveries);
        all.addAll(packages);
        checkPackages(order, all);
        long now = now();
        List<Delivery> stamped = new ArrayList<>(order.deliveries);
        packages.forEach(d -> stamped.add(stamped(d, now)));
        order.deliveries = List.copyOf(stamped);
        return settleShipping(order, now);
    }

    /** {@code deliveryinfo/update}: replaces the packages of an order that has shipped (21 or 30). */
    synchronized void replaceDeliveries(Shop shop, String orderId, List<Delivery> packages) {
        Order order = orderForApi(shop, orderId);
        if (order.status != OrderStatus.PARTIALLY_SHIPPED && order.status != OrderStatus.SHIPPED) {
            throw ApiError.of(ApiError.ORDER_STATUS);
        }
        checkPackages(order, packages);
        long now = now();
        order.deliveries = packages.stream().map(d -> stamped(d, now)).toList();
        settleShipping(order, now);
    }

    private void checkPackages(Order order, List<Delivery> packages) {
        Map<String, Integer> shipped = new HashMap<>();
        for (Delivery delivery : packages) {
            if (delivery.deliverType() == 3 && order.deliverMethod != 1) {
                throw ApiError.dataFormat("deliver_type不正确,使用虚拟发货请检查商品deliver_method是否符合要求");
            }
            for (DeliveryItem item : delivery.items()) {
                OrderLine line = order.line(item.productId(), item.skuId());
                if (line == null) {
                    throw ApiError.dataFormat("product " + item.productId() + " sku " + item.skuId()
                            + " is not on order " + order.orderId);
                }
                int total = shipped.merge(item.productId() + "/" + item.skuId(), item.quantity(), Integer::sum);
                if (total > line.quantity()) {
                    throw ApiError.dataFormat("product_cnt of sku " + item.skuId() + " exceeds the "
                            + line.quantity() + " ordered");
                }
            }
        }
    }

    private boolean settleShipping(Order order, long now) {
        Map<String, Integer> shipped = new HashMap<>();
        order.deliveries.forEach(d -> d.items().forEach(i ->
                shipped.merge(i.productId() + "/" + i.skuId(), i.quantity(), Integer::sum)));
        boolean finished = order.lines.stream().allMatch(line ->
                shipped.getOrDefault(line.productId() + "/" + line.skuId(), 0) == line.quantity());
        order.status = finished ? OrderStatus.SHIPPED : OrderStatus.PARTIALLY_SHIPPED;
        if (!finished) {
            order.shipDoneTime = null;
        } else if (order.shipDoneTime == null) {
            order.shipDoneTime = now;
        }
        order.updateTime = now;
        return finished;
    }

    private static Delivery stamped(Delivery d, long now) {
        return new Delivery(d.deliveryId(), d.waybillId(), d.deliverType() == 0 ? 1 : d.deliverType(),
                d.deliveryTime() == 0 ? now : d.deliveryTime(), d.items());
    }

    // ---- e-waybill accounts and risk holds (scenario) ----

    /** Binds an e-waybill account to the shop, as the merchant does in the shop backend. */
    synchronized EwaybillAccountView addAccount(String shopId, EwaybillAccountSpec spec) {
        Shop shop = shop(shopId);
        String acctId = spec.acctId() != null ? spec.acctId() : "66" + digits(8);
        if (shop.accounts.containsKey(acctId)) {
            throw new IllegalStateException("account " + acctId + " exists");
        }
        boolean franchised = DeliveryCompanies.companyType(spec.deliveryId()) == 1;
        String siteCode = spec.siteCode() != null ? spec.siteCode() : franchised ? "57" + digits(5) : null;
        String siteName = spec.siteName() != null ? spec.siteName()
                : siteCode == null ? null : DeliveryCompanies.name(spec.deliveryId()) + "杭州余杭网点";
        String monthlyCard = spec.monthlyCard() != null ? spec.monthlyCard() : franchised ? null : "0" + digits(9);
        EwaybillAccount account = new EwaybillAccount(spec.deliveryId(), acctId, siteCode, siteName, monthlyCard,
                spec.status() != null ? spec.status() : EwaybillAccountView.NORMAL,
                spec.available() != null ? spec.available() : 1000,
                spec.senderAddresses() != null ? spec.senderAddresses() : List.of(EwaybillParty.warehouse()));
        shop.accounts.put(acctId, account);
        return view(shop, account);
    }

    synchronized List<EwaybillAccountView> accounts(String shopId) {
        Shop shop = shop(shopId);
        return shop.accounts.values().stream().map(a -> view(shop, a)).toList();
    }

    /** Sets an account's status and/or balance by hand (未认证, 余额不足, topped up again…). */
    synchronized EwaybillAccountView patchAccount(String shopId, String acctId, EwaybillAccountPatch patch) {
        Shop shop = shop(shopId);
        EwaybillAccount account = account(shop, acctId);
        if (patch.status() != null) {
            account.status = patch.status();
        }
        if (patch.available() != null) {
            account.available = patch.available();
        }
        return view(shop, account);
    }

    /** Unbinds an account; once a carrier has none left, the shop has not opened it. */
    synchronized void removeAccount(String shopId, String acctId) {
        Shop shop = shop(shopId);
        account(shop, acctId);
        shop.accounts.remove(acctId);
    }

    private static EwaybillAccount account(Shop shop, String acctId) {
        EwaybillAccount account = shop.accounts.get(acctId);
        if (account == null) {
            throw new NoSuchElementException("no e-waybill account " + acctId + " in shop " + shop.spec.shopId());
        }
        return account;
    }

    private static EwaybillAccountView view(Shop shop, EwaybillAccount a) {
        return new EwaybillAccountView(shop.spec.shopId(), a.deliveryId, a.acctId,
                DeliveryCompanies.companyType(a.deliveryId), a.siteCode, a.siteName, a.monthlyCard, a.status,
                a.available, a.allocated, a.cancelled, a.senderAddresses);
    }

    synchronized void holdForRisk(String shopId, RiskHold hold) {
        Shop shop = shop(shopId);
        hold.ecOrderIds().forEach(id -> shop.riskHolds.put(id, hold));
    }

    synchronized List<RiskHold> riskHolds(String shopId) {
        return shop(shopId).riskHolds.values().stream().distinct().toList();
    }

    synchronized void releaseRiskHolds(String shopId) {
        shop(shopId).riskHolds.clear();
    }

    // ---- e-waybill (API) ----

    /** The shop's accounts as account/get and delivery/get show them. */
    synchronized List<EwaybillAccountView> accountsForApi(Shop shop) {
        return shop.accounts.values().stream().map(a -> view(shop, a)).toList();
    }

    /** The shop's 面单主体 id ({@code shop_id} in the e-waybill APIs), fixed per shop. */
    String ewaybillShopId(Shop shop) {
        return shop.ewaybillShopId;
    }

    synchronized Ewaybill precreateEwaybill(Shop shop, Parcel parcel) {
        checkParcel(shop, parcel);
        Ewaybill ewaybill = new Ewaybill(newUint64(), shop.spec.shopId(), parcel, now());
        ewaybills.put(ewaybill.id, ewaybill);
        return ewaybill;
    }

    /**
     * Takes a tracking number (取号) for a precreated or caller-chosen ewaybill_order_id, from the account's
     * balance. A parcel holding an order under a risk hold takes none (unless the hold says so).
     */
    synchronized Ewaybill createEwaybill(Shop shop, String ewaybillOrderId, String templateId, Parcel parcel) {
        EwaybillAccount account = checkParcel(shop, parcel);
        Ewaybill ewaybill = ewaybills.get(ewaybillOrderId);
        if (ewaybill != null && !ewaybill.shopId.equals(shop.spec.shopId())) {
            throw ApiError.of(ApiError.EWAYBILL_NOT_FOUND);
        }
        if (ewaybill != null && !ewaybill.status.equals("PRECREATED")) {
            throw ApiError.of(ApiError.EWAYBILL_TAKE_FAILED).withDeliveryErrorMsg("电子面单已存在");
        }
        ObjectNode risk = riskInfo(shop, parcel.ecOrderIds());
        if (risk != null && parcel.ecOrderIds().stream().map(shop.riskHolds::get)
                .anyMatch(hold -> hold != null && !hold.withNumber())) {
            throw ApiError.of(ApiError.EWAYBILL_RISK).withField("order_risk_info", risk);
        }
        if (account.available <= 0) {
            throw ApiError.of(ApiError.EWAYBILL_BALANCE_LOW);
        }
        if (ewaybill == null) {
            ewaybill = new Ewaybill(ewaybillOrderId, shop.spec.shopId(), parcel, now());
            ewaybills.put(ewaybillOrderId, ewaybill);
        }
        ewaybill.describe(parcel);
        ewaybill.templateId = templateId;
        ewaybill.waybillId = newWaybillId(parcel.deliveryId());
        ewaybill.status = "CREATED";
        ewaybill.createTime = now();
        ewaybill.printInfo = printInfo(ewaybill, ewaybill.waybillId);
        account.available--;
        account.allocated++;
        return ewaybill;
    }

    /** {@code order_risk_info} for the parcel's orders under a risk hold, or null when none is held. */
    synchronized ObjectNode riskInfo(Shop shop, List<String> ecOrderIds) {
        List<String> held = ecOrderIds.stream().filter(shop.riskHolds::containsKey).toList();
        if (held.isEmpty()) {
            return null;
        }
        ObjectNode info = Json.object().put("risk_msg", shop.riskHolds.get(held.get(0)).riskMsg());
        held.forEach(id -> info.withArray("risk_ec_order_info").addObject().put("ec_order_id", id));
        return info;
    }

    /** 子母件: more packages under a taken number, each with its own number from the account's balance. */
    synchronized List<SubWaybill> addSubWaybills(Shop shop, String ewaybillOrderId, String waybillId,
                                                 String deliveryId, String acctId, int count) {
        Ewaybill ewaybill = takenEwaybill(shop, ewaybillOrderId);
        if (deliveryId == null || !deliveryId.equals(ewaybill.deliveryId)
                || !DeliveryCompanies.takesSubOrders(deliveryId)) {
            throw ApiError.of(ApiError.EWAYBILL_DELIVERY_ID);
        }
        if (!ewaybill.waybillId.equals(waybillId)) {
            throw ApiError.of(ApiError.EWAYBILL_NOT_FOUND);
        }
        if (count < 1 || count > 50) {
            throw ApiError.dataFormat("add_package_quantity must be 1..50");
        }
        EwaybillAccount account = shop.accounts.get(acctId);
        if (account == null || !account.acctId.equals(ewaybill.acctId)) {
            throw ApiError.of(ApiError.EWAYBILL_ACCOUNT);
        }
        if (account.available < count) {
            throw ApiError.of(ApiError.EWAYBILL_BALANCE_LOW);
        }
        List<SubWaybill> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String number = newWaybillId(deliveryId);
            added.add(new SubWaybill(number, printInfo(ewaybill, number), now()));
        }
        ewaybill.subs.addAll(added);
        account.available -= count;
        account.allocated += count;
        return added;
    }

    /** Gives the numbers (main and 子单) back to the account they came from. */
    synchronized void cancelEwaybill(Shop shop, String ewaybillOrderId, String deliveryId, String waybillId) {
        Ewaybill ewaybill = takenEwaybill(shop, ewaybillOrderId);
        if ((deliveryId != null && !deliveryId.equals(ewaybill.deliveryId))
                || (waybillId != null && !waybillId.equals(ewaybill.waybillId))) {
            throw ApiError.of(ApiError.EWAYBILL_NOT_FOUND);
        }
        ewaybill.status = "CANCELLED";
        EwaybillAccount account = shop.accounts.get(ewaybill.acctId);
        if (account != null) {
            account.available += 1 + ewaybill.subs.size();
            account.cancelled += 1 + ewaybill.subs.size();
        }
    }

    /** order/print (打印成功通知): counted per e-waybill; it does not ship the order. */
    synchronized void notifyPrinted(Shop shop, String ewaybillOrderId, String deliveryId, String waybillId,
                                    int rePrint) {
        Ewaybill ewaybill = takenEwaybill(shop, ewaybillOrderId);
        if (rePrint != 0 && rePrint != 1) {
            throw ApiError.dataFormat("re_print must be 0 (首次) or 1 (补打)");
        }
        if (!ewaybill.deliveryId.equals(deliveryId) || waybillId == null || !ewaybill.owns(waybillId)) {
            throw ApiError.of(ApiError.EWAYBILL_NOT_FOUND);
        }
        if (rePrint == 0) {
            ewaybill.printed++;
        } else {
            ewaybill.reprinted++;
        }
    }

    /** print/get: the print data of the main number or of one of its 子单. */
    synchronized String printInfoFor(Shop shop, String ewaybillOrderId, String subWaybillId) {
        Ewaybill ewaybill = takenEwaybill(shop, ewaybillOrderId);
        if (subWaybillId == null) {
            return ewaybill.printInfo;
        }
        return ewaybill.subs.stream().filter(sub -> sub.waybillId().equals(subWaybillId)).findFirst()
                .orElseThrow(() -> ApiError.of(ApiError.EWAYBILL_NOT_FOUND)).printInfo();
    }

    synchronized Ewaybill takenEwaybill(Shop shop, String ewaybillOrderId) {
        Ewaybill ewaybill = ewaybillForApi(shop, ewaybillOrderId);
        if (!ewaybill.status.equals("CREATED")) {
            throw ApiError.of(ApiError.EWAYBILL_NOT_FOUND);
        }
        return ewaybill;
    }

    /** Any e-waybill of the shop, whatever its status (order/get). */
    synchronized Ewaybill ewaybillForApi(Shop shop, String ewaybillOrderId) {
        Ewaybill ewaybill = ewaybills.get(ewaybillOrderId);
        if (ewaybill == null || !ewaybill.shopId.equals(shop.spec.shopId())) {
            throw ApiError.of(ApiError.EWAYBILL_NOT_FOUND);
        }
        return ewaybill;
    }

    /**
     * The checks precreate makes for create (reference: precreate validates create's parameters): a known
     * carrier the shop opened, one of its accounts for that carrier, authorised, with the account's 网点, and
     * orders of the shop. Returns the account numbers come from.
     */
    private EwaybillAccount checkParcel(Shop shop, Parcel parcel) {
        String deliveryId = parcel.deliveryId();
        if (deliveryId == null || !DeliveryCompanies.offersEwaybill(deliveryId)) {
            throw ApiError.of(ApiError.EWAYBILL_DELIVERY_ID);
        }
        if (shop.accounts.values().stream().noneMatch(a -> a.deliveryId.equals(deliveryId))) {
            throw ApiError.of(ApiError.EWAYBILL_CARRIER_NOT_OPENED);
        }
        EwaybillAccount account = parcel.acctId() == null ? null : shop.accounts.get(parcel.acctId());
        if (account == null || !account.deliveryId.equals(deliveryId)
                || account.status == EwaybillAccountView.UNBOUND) {
            throw ApiError.of(ApiError.EWAYBILL_ACCOUNT);
        }
        if (account.status != EwaybillAccountView.NORMAL) {
            throw ApiError.of(ApiError.EWAYBILL_ACCOUNT_UNAUTHORIZED);
        }
        if (parcel.siteCode() != null && account.siteCode != null && !parcel.siteCode().equals(account.siteCode)) {
            throw ApiError.of(ApiError.EWAYBILL_SITE);
        }
        if (parcel.ecOrderIds().isEmpty()) {
            throw ApiError.dataFormat("ec_order_list is empty");
        }
        parcel.ecOrderIds().forEach(id -> orderForApi(shop, id));
        return account;
    }

    /** The print data (print_info) of one number: base64 JSON the print component reads back. */
    private static String printInfo(Ewaybill ewaybill, String number) {
        ObjectNode data = Json.object()
                .put("ewaybill_order_id", ewaybill.id)
                .put("waybill_id", number)
                .put("delivery_id", ewaybill.deliveryId)
                .put("template_id", ewaybill.templateId);
        if (!number.equals(ewaybill.waybillId)) {
            data.put("parent_waybill_id", ewaybill.waybillId);
        }
        data.set("sender", ewaybill.sender);
        data.set("receiver", ewaybill.receiver);
        return Base64.getEncoder().encodeToString(Json.write(data).getBytes(StandardCharsets.UTF_8));
    }

    synchronized List<EwaybillView> ewaybills() {
        return ewaybills.values().stream().map(PlatformState::view).toList();
    }

    /** The e-waybill with this id, of any shop, or null. */
    synchronized EwaybillView ewaybill(String ewaybillOrderId) {
        Ewaybill ewaybill = ewaybills.get(ewaybillOrderId);
        return ewaybill == null ? null : view(ewaybill);
    }

    private static EwaybillView view(Ewaybill e) {
        return new EwaybillView(e.id, e.shopId, e.deliveryId, e.waybillId, e.templateId, e.status, e.ecOrderIds,
                e.createTime, e.acctId, e.subs.stream().map(SubWaybill::waybillId).toList(), e.printed, e.reprinted);
    }

    // ---- pushes ----

    synchronized PushMessage message(String shopId, String orderId, PushEvent event, Map<String, ?> fields) {
        return message(shopId, orderId, event, fields, now());
    }

    /**
     * The plaintext push for an event on an order. {@code order_info.order_id} is written as a bare JSON number
     * (from a BigInteger, never through a double), as the platform does; the after-sale event carries string
     * ids in {@code finder_shop_aftersale_status_update}, as documented. {@code fields} add to or override the
     * defaults derived from the order.
     */
    synchronized PushMessage message(String shopId, String orderId, PushEvent event, Map<String, ?> fields,
                                     long createTime) {
        Shop shop = shop(shopId);
        Order order = order(shopId, orderId);
        ObjectNode msg = Json.object()
                .put("ToUserName", shop.spec.username())
                .put("FromUserName", order.openid)
                .put("CreateTime", createTime)
                .put("MsgType", "event")
                .put("Event", event.wireName());
        ObjectNode info;
        if (event == PushEvent.AFTERSALE_UPDATE) {
            info = msg.putObject("finder_shop_aftersale_status_update")
                    .put("status", "MERCHANT_PROCESSING")
                    .put("after_sale_order_id", newUint64())
                    .put("order_id", orderId);
        } else {
            info = msg.putObject("order_info").put("order_id", new BigInteger(orderId));
            switch (event) {
                case ORDER_PAY -> info.put("pay_time", order.payTime != null ? order.payTime : createTime);
                case ORDER_CANCEL -> info.put("cancel_type", 1);
                case ORDER_DELIVER -> info.put("finish_delivery", order.status == OrderStatus.SHIPPED ? 1 : 0);
                case ORDER_CONFIRM -> info.put("confirm_type", 1);
                case ORDER_SETTLE -> info.put("settle_time", createTime);
                default -> {
                }
            }
        }
        if (fields != null) {
            fields.forEach((name, value) -> info.set(name, Json.tree(value)));
        }
        ShopSpec spec = shop.spec;
        PushTarget target = spec.callbackUrl() == null ? null : new PushTarget(spec.callbackUrl(), spec.token(),
                spec.encodingAesKey(), spec.appId(), spec.username());
        return new PushMessage(shopId, orderId, event.wireName(), createTime, Json.write(msg), target);
    }

    synchronized PushTarget target(String shopId) {
        ShopSpec spec = shop(shopId).spec;
        if (spec.callbackUrl() == null) {
            throw new IllegalStateException("shop " + shopId + " has no callback URL");
        }
        return new PushTarget(spec.callbackUrl(), spec.token(), spec.encodingAesKey(), spec.appId(),
                spec.username());
    }

    // ---- ids ----

    synchronized void reset() {
        shops.clear();
        orders.clear();
        ewaybills.clear();
        waybillIds.clear();
    }

    private String newOrderId() {
        String id;
        do {
            id = Long.toString(ORDER_ID_BASE + random.nextLong(ORDER_ID_SPAN));
        } while (orders.containsKey(id));
        return id;
    }

    /** A fresh Uint64 id as the platform sends them for e-waybill and after-sale orders: 19 digits, as a string. */
    private String newUint64() {
        String id;
        do {
            id = Long.toString(ORDER_ID_BASE + random.nextLong(ORDER_ID_SPAN));
        } while (ewaybills.containsKey(id));
        return id;
    }

    private String newWaybillId(String deliveryId) {
        String id;
        do {
            id = WaybillNumbers.next(deliveryId, random);
        } while (!waybillIds.add(id));
        return id;
    }

    private String newOpenid() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder id = new StringBuilder("o");
        for (int i = 0; i < 27; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private String digits(int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }
}
