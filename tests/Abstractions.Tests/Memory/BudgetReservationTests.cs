using Conduit.Abstractions.Memory;
using NSubstitute;

namespace Conduit.Abstractions.Tests.Memory;

public sealed class BudgetReservationTests
{
    [Fact]
    public async Task Every_addition_is_reserved_and_all_of_it_released_once_on_dispose()
    {
        var budget = Substitute.For<IMemoryBudget>();
        var reservation = new BudgetReservation(budget);

        await reservation.AddAsync(100, TestContext.Current.CancellationToken);
        await reservation.AddAsync(28, TestContext.Current.CancellationToken);
        await reservation.DisposeAsync();
        reservation.Dispose();

        await budget.Received(1).ReserveAsync(100, Arg.Any<CancellationToken>());
        await budget.Received(1).ReserveAsync(28, Arg.Any<CancellationToken>());
        budget.Received(1).Release(128);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await reservation.AddAsync(1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_refused_addition_holds_nothing()
    {
        var budget = Substitute.For<IMemoryBudget>();
        budget.ReserveAsync(Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns(ValueTask.FromException(new MemoryBudgetExceededException("job: 1 GiB asked, 1 MiB limit")));
        using var reservation = new BudgetReservation(budget);

        await Assert.ThrowsAsync<MemoryBudgetExceededException>(async () => await reservation.AddAsync(1 << 30, TestContext.Current.CancellationToken));

        Assert.Equal(0, reservation.Bytes);
    }
}
